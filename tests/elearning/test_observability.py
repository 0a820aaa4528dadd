"""Request ids (echoed as X-Request-ID, on every log line), JSON log lines and slow SQL."""

import io
import json
import logging

import pytest

from elearning.observability import JsonFormatter, RequestIdFilter


@pytest.mark.django_db
def test_a_request_gets_an_id_that_the_response_echoes(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-1234.abc_DEF"})
    assert response["X-Request-ID"] == "lb-1234.abc_DEF"


@pytest.mark.django_db
@pytest.mark.parametrize("offered", ["<script>", "a" * 129, "two words", "id\r\nSet-Cookie: x"])
def test_an_unsafe_request_id_is_replaced(client, offered):
    echoed = client.get("/healthz", headers={"X-Request-ID": offered})["X-Request-ID"]
    assert echoed != offered and len(echoed) == 32


@pytest.fixture
def json_log():
    """The JSON lines written while the test runs, through the handler production configures."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.mark.django_db
def test_each_request_logs_one_line_with_its_id_and_no_query_string(client, json_log):
    response = client.get("/healthz?code=SECRET", headers={"X-Request-ID": "req-42"})
    (line,) = [line for line in json_log() if line["logger"] == "elearning.request"]
    assert line["request_id"] == "req-42"
    assert line["path"] == "/healthz" and line["status"] == response.status_code == 200
    assert line["method"] == "GET" and line["duration_ms"] >= 0
    assert line["level"] == "INFO"
    assert "SECRET" not in json.dumps(json_log())


@pytest.mark.django_db
def test_log_lines_inside_a_request_carry_its_id(client, json_log, monkeypatch):
    from elearning import views

    monkeypatch.setattr(views, "_database_ok", lambda: False)  # makes the view log an error
    client.get("/healthz", headers={"X-Request-ID": "req-43"})
    lines = json_log()
    error = next(line for line in lines if line["logger"] == "elearning.views")
    assert error["level"] == "ERROR" and error["request_id"] == "req-43"
    assert {line["request_id"] for line in lines} == {"req-43"}


def test_exceptions_are_one_json_line():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text = JsonFormatter().format(record)
    assert "\n" not in text
    assert "ValueError: boom" in json.loads(text)["exception"]


@pytest.mark.django_db
def test_slow_sql_is_logged_without_its_parameters(settings, caplog, volunteer):
    from django.contrib.auth import get_user_model

    settings.SLOW_QUERY_MS = 0  # every statement counts as slow
    with caplog.at_level(logging.WARNING, logger="elearning.sql"):
        get_user_model().objects.filter(email="private-address@example.org").exists()
    (record,) = [r for r in caplog.records if r.name == "elearning.sql"]
    assert "Slow SQL" in record.getMessage() and "email" in record.getMessage()
    assert "private-address" not in record.getMessage()
    assert record.duration_ms >= 0


@pytest.mark.django_db
def test_fast_sql_is_not_logged(caplog, volunteer):
    from django.contrib.auth import get_user_model

    with caplog.at_level(logging.WARNING, logger="elearning.sql"):
        get_user_model().objects.filter(pk=volunteer.pk).exists()
    assert [r for r in caplog.records if r.name == "elearning.sql"] == []
