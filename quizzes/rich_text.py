"""
The rich text a question may use: emphasis, lists and links, and nothing that could carry layout.

Question prompts, feedback and scenario stages share this list, so one place says what a trainer
may format in assessment text (headings and images stay in lessons).
"""

QUESTION_RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
