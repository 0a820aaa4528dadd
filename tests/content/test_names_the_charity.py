"""The default content names us "the charity", and no learner page says "our organisation"."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from modules.models import LessonPage, TrainingModulePage

#: As a phrase: "four organisations" is fine.
OUR_ORGANISATION = re.compile(r"\bour organisation", re.IGNORECASE)

DATA = Path(__file__).resolve().parents[2] / "content" / "demo" / "data"


def test_no_data_file_says_our_organisation():
    offenders = [
        str(path.relative_to(DATA))
        for path in DATA.rglob("*.toml")
        if OUR_ORGANISATION.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_no_learner_page_says_our_organisation(client_for, superuser):
    call_command("load_training_content", verbosity=0, stdout=StringIO())
    client = client_for(superuser)
    urls = ["/", "/my-training/", "/referral-pathway/", "/certificates/"]
    urls += [module.url for module in TrainingModulePage.objects.live()]
    urls += [lesson.url for lesson in LessonPage.objects.live()]
    assert len(urls) > 12
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not OUR_ORGANISATION.search(html), url
        assert "Demo Charity" in html, url
