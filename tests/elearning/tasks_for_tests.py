"""Tasks that fail on purpose, for the retry and dead-letter tests (importable by path)."""

from django_tasks import task


class MailServerDown(Exception):
    pass


@task()
def always_fails(learner_id):
    raise MailServerDown(f"could not send to learner {learner_id}")
