"""Exports are visible buttons in the page header, not entries of the "..." actions menu."""

import pytest
from wagtail.test.utils import WagtailTestUtils

PAGES = ["/admin/training-reports/compliance/", "/admin/certificates/"]


def download_links(html):
    soup = WagtailTestUtils.get_soup(html)
    return [
        link
        for link in soup.find_all("a")
        if link.get_text(strip=True) in ("Download CSV", "Download XLSX")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_downloads_are_buttons_outside_the_actions_menu(client_for, manager, catalogue, url):
    response = client_for(manager).get(url)
    assert response.status_code == 200, url
    links = download_links(response.content.decode())
    assert sorted(link.get_text(strip=True) for link in links) == [
        "Download CSV",
        "Download XLSX",
    ]
    for link in links:
        assert link.find_parent(attrs={"data-controller": "w-dropdown"}) is None, link
        assert "export=" in link["href"]
