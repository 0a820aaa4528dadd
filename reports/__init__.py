"""
Reports for training managers and trainers: who is trained, who is overdue, and what learners
get wrong. Read-only views over the records of the apps below; nothing here writes learner data.
"""
