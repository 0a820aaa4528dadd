"""
Run axe-core (vendored in ``vendor/axe-core``, version 4.14.1) on the page in the browser.

Only the WCAG 2.0, 2.1 and 2.2 level A and AA rules run: those are the bar the site promises.
The browser context must bypass the Content-Security-Policy (``bypass_csp=True``), because the
site's policy rightly refuses the inline script that injects axe.
"""

from pathlib import Path

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Wait for every animation and transition that will end (an endless spinner would never settle).
SETTLE_ANIMATIONS = """
() => Promise.all(
    document.getAnimations()
        .filter(animation => {
            const timing = animation.effect && animation.effect.getComputedTiming();
            return timing && Number.isFinite(timing.endTime);
        })
        .map(animation => animation.finished.catch(() => null))
)
"""


def axe_violations(page):
    """The violations axe finds on the page once it has settled (a list of axe's result objects).

    Colours are measured as drawn: a message still fading in (Wagtail's "saved" banner) is drawn
    part-transparent and would read as low contrast, so finite animations and transitions finish
    first.
    """
    page.evaluate(SETTLE_ANIMATIONS)
    page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    # A run that checked nothing would pass anything: make sure the rules ran.
    assert results["passes"], "axe ran no WCAG rule on this page"
    return results["violations"]


def describe(violations):
    """A readable report: each rule broken, why it matters, and where."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)
