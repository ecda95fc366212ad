"""One wording of expected failures for the command line and the web: the same error reads the same, only the
advice (an environment variable or a connection) and what a stranger may see differ."""

from __future__ import annotations

import pytest

from cli.export import InputError, describe_error
from engine.errors import AuthenticationError, OzwbError, TransportError
from engine.jobs.messages import failure_text
from engine.workbook import UnreadableWorkbookError, WorkbookError


def test_the_cli_and_the_web_describe_an_error_alike():
    broken = WorkbookError("лист «Джинсы» повреждён")
    assert describe_error(broken) == failure_text(broken) == "таблица: лист «Джинсы» повреждён"
    unreadable = UnreadableWorkbookError("не zip")
    assert describe_error(unreadable) == failure_text(unreadable) \
        == "файл не читается как книга Excel (.xlsx): не zip"
    plain = OzwbError("Подключение WB удалено")
    assert describe_error(plain) == failure_text(plain) == "Подключение WB удалено"


@pytest.mark.parametrize(("error", "cli", "web"), [
    (AuthenticationError("401", marketplace="ozon", method="POST", path="/v3/product/list"),
     "Ozon не принял ключ доступа — проверьте его в настройках",
     "Ozon не принял ключ доступа — проверьте подключение"),
    (TransportError("timed out", marketplace="wb", method="GET", path="/ping"),
     "нет связи с WB (timed out); проверьте интернет или адрес и повторите",
     "нет связи с WB; повторите позже"),
])
def test_only_the_advice_differs(error, cli, web):
    assert (describe_error(error), failure_text(error)) == (cli, web)


def test_an_unexpected_error_is_not_shown_on_the_web():
    assert failure_text(KeyError("secret-ish detail")) == "внутренняя ошибка сервиса; задание остановлено"
    assert describe_error(InputError("укажите --out")) == "укажите --out"
