"""
How long a certificate PDF takes to draw, beside a bare Django view in the same run.

    .venv/bin/python benchmarks/certificate_pdf.py [--batch 1000] [--repeat 50]

Prints one table: the median time of a bare Django view that renders a small template (the
baseline), of one certificate for a Latin name, an Arabic name (shaped by HarfBuzz) and a
Ge'ez name (a fallback font), and the total and per-certificate time of a batch. Rendering needs
no database: certificates are built in memory from frozen fields, as the download view does.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearning.settings.test")

import django  # noqa: E402

django.setup()

from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from certificates.models import Certificate  # noqa: E402
from certificates.pdf import CertificateLook, render_certificate_pdf  # noqa: E402

TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>{{ title }}</title><h1>{{ title }}</h1><p>{{ body }}</p>"
)


def bare_view(request):
    return HttpResponse(TEMPLATE.render({"title": "Hello", "body": "A small page."}, request))


def certificate(name, n=0):
    return Certificate(
        code=f"{n:026d}"[-26:].replace("0", "a"),
        short_code="7KQ2M-X9D4T",
        learner_name=name,
        module_title="General awareness of human trafficking and modern slavery",
        issued_at=datetime.datetime(2026, 11, 23, 10, 30, tzinfo=datetime.UTC),
        expires_on=datetime.date(2027, 11, 23),
        score=Decimal("92.50"),
        pathway_versions=[
            {"key": "adults", "title": "Adults", "version": 3},
            {"key": "children", "title": "Children", "version": 2},
        ],
    )


def median_ms(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    look = CertificateLook(
        organisation_name="Example Charity",
        signatory_name="Jo Bloggs",
        signatory_role="Head of Safeguarding",
        closing_text="Thank you for helping to keep people safe from exploitation.",
    )
    request = RequestFactory().get("/")
    render_certificate_pdf(certificate("Warm Up"), look)  # fonts' coverage read once

    rows = [("bare Django view (small template)", median_ms(lambda: bare_view(request), 200))]
    for label, name in [
        ("certificate, Latin name", "Zoë Ørsted-Łukasiewicz"),
        ("certificate, Arabic name (shaped)", "أمينة رحمن"),
        ("certificate, Ge'ez name (fallback font)", "ሰላም ተስፋይ"),
    ]:
        rows.append(
            (
                label,
                median_ms(lambda n=name: render_certificate_pdf(certificate(n), look), args.repeat),
            )
        )
    start = time.perf_counter()
    for n in range(args.batch):
        render_certificate_pdf(certificate(f"Learner {n}", n), look)
    batch_s = time.perf_counter() - start

    baseline = rows[0][1]
    print(f"\nCertificate PDF rendering ({os.cpu_count()} cores; medians of {args.repeat} runs)\n")
    print(f"| {'what':<42} | {'median ms':>10} | {'x bare view':>11} |")
    print(f"|{'-' * 44}|{'-' * 12}|{'-' * 13}|")
    for label, ms in rows:
        print(f"| {label:<42} | {ms:>10.2f} | {ms / baseline:>11.0f} |")
    if args.batch > 0:  # --batch 0 (make bench --pdf-batch 0) skips the batch
        print(
            f"\nBatch of {args.batch} certificates: {batch_s:.1f} s in all, "
            f"{batch_s * 1000 / args.batch:.1f} ms each (one process).\n"
        )


if __name__ == "__main__":
    main()
