import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Mark a test whose body failed (``item.failed_call``), for fixtures to see at teardown."""
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True
    return report
