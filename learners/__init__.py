"""
Learners, their roles and the groups that carry them.

A role is what a person does in the organisation (volunteer, staff member, caseworker, trainer,
training manager). Each role is a Django group with a fixed name, so that module audiences and
admin permissions can both be expressed as "members of this group". The groups and their
permissions are (re)created after every ``migrate``; see :mod:`learners.groups`.
"""
