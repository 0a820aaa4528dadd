"""The admin's Translate action for questions, scenarios, pathways and indicators."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation

from content.demo.loader import LoadReport
from content.demo.pathways import load_reference_content
from pathways.models import Indicator, ReferralPathway
from tests.factories.questions import scenario, single_choice


@pytest.fixture
def english(db):
    load_reference_content(report=LoadReport())
    return {
        "question": single_choice(key="who-refers"),
        "scenario": scenario(key="car-wash"),
        "pathway": ReferralPathway.objects.get(key="adults"),
        "indicator": Indicator.objects.get(key="documents-held"),
    }


def submit(client, instance, welsh):
    meta = type(instance)._meta
    url = f"/admin/localize/submit/snippet/{meta.app_label}/{meta.model_name}/{instance.pk}/"
    assert client.get(url).status_code == 200
    return client.post(url, {"locales": [welsh.pk]})


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["question", "scenario", "pathway", "indicator"])
def test_translate_in_the_admin_opens_the_translation_editor(english, name, client_for, superuser):
    welsh = Locale.objects.get(language_code="cy")
    instance = english[name]
    client = client_for(superuser)
    response = submit(client, instance, welsh)
    assert response.status_code == 302
    translated = instance.get_translation(welsh)
    assert translated.locale == welsh
    editor = client.get(response["Location"])
    assert editor.status_code == 200
    translation = Translation.objects.get(
        source__object_id=instance.translation_key, target_locale=welsh
    )
    offered = {entry.msgctxt.rsplit(".", 1)[-1] for entry in translation.export_po()}
    # Words only: no key, no stage reference, pathway step or indicator.
    assert not offered & {"key", "next", "requires", "indicator", "pathway_step", "pathway_key"}
    if name == "question":
        assert "A First Responder" in {entry.msgid for entry in translation.export_po()}
    if name == "pathway":
        assert {"title", "do", "responsible"} <= offered
