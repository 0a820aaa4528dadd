"""
First run: a fresh site reads as a demo ("Demo Charity"), and the admin home lists what the
organisation still has to set (its name, logo, signatory, wellbeing support) until it is set.
"""

import importlib

import pytest
from django.apps import apps
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from certificates.models import CertificateSettings
from pathways.models import TrainingSettings

PANEL_HEADING = "Before your learners start"


def home(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def set_everything(site):
    training = TrainingSettings.for_site(site)
    training.organisation_name = "Northshire Refugee Support"
    training.wellbeing_support_name = "Staff Care Line"
    training.wellbeing_support_contact = "0800 000 0000, 24 hours"
    training.save()
    look = CertificateSettings.for_site(site)
    look.logo = Image.objects.create(title="Logo", file=get_test_image_file())
    look.signatory_name = "Ada Okafor"
    look.signatory_role = "Head of Training"
    look.save()


@pytest.mark.django_db
class TestChecklist:
    def test_fresh_site_lists_the_four_settings_with_links(self, catalogue, trainer, client_for):
        html = home(client_for(trainer))
        assert PANEL_HEADING in html
        assert "4 settings still show the demo" in html
        for label in (
            "The organisation&#x27;s name",
            "The organisation&#x27;s logo",
            "Who signs the certificates",
            "Wellbeing support for staff and volunteers",
        ):
            assert label in html
        assert 'href="/admin/settings/pathways/trainingsettings/"' in html
        assert 'href="/admin/settings/certificates/certificatesettings/"' in html

    def test_done_items_are_marked_and_the_rest_still_linked(
        self, catalogue, trainer, client_for
    ):
        training = TrainingSettings.for_site(Site.objects.get(is_default_site=True))
        training.organisation_name = "Northshire Refugee Support"
        training.save()
        html = home(client_for(trainer))
        assert "3 settings still show the demo" in html
        assert "Done:</span> The organisation&#x27;s name" in html

    def test_checklist_disappears_once_everything_is_set(self, catalogue, trainer, client_for):
        set_everything(Site.objects.get(is_default_site=True))
        html = home(client_for(trainer))
        assert PANEL_HEADING not in html

    def test_half_a_signatory_or_wellbeing_contact_is_not_done(
        self, catalogue, trainer, client_for
    ):
        site = Site.objects.get(is_default_site=True)
        set_everything(site)
        look = CertificateSettings.for_site(site)
        look.signatory_role = ""
        look.save()
        html = home(client_for(trainer))
        assert "One setting still shows the demo" in html
        assert "To do:</span> <a" in html

    def test_not_shown_to_someone_who_cannot_change_the_settings(
        self, catalogue, manager, client_for
    ):
        assert PANEL_HEADING not in home(client_for(manager))


@pytest.mark.django_db
class TestDemoName:
    def test_a_new_site_is_called_demo_charity(self, catalogue):
        settings_row = TrainingSettings.for_site(Site.objects.get(is_default_site=True))
        assert settings_row.organisation_name == "Demo Charity"

    def test_the_data_migration_renames_only_the_old_default_and_is_idempotent(self, catalogue):
        migration = importlib.import_module("pathways.migrations.0004_demo_charity_default_name")
        default_site = Site.objects.get(is_default_site=True)
        other_site = Site.objects.create(hostname="other.example", root_page=catalogue)
        TrainingSettings.objects.create(site=default_site, organisation_name="Our organisation")
        TrainingSettings.objects.create(site=other_site, organisation_name="Kept Charity")
        migration.rename_old_default(apps, None)
        migration.rename_old_default(apps, None)
        names = dict(TrainingSettings.objects.values_list("site__hostname", "organisation_name"))
        assert names == {default_site.hostname: "Demo Charity", "other.example": "Kept Charity"}
