"""Plain issue values for the pure progress and README tests."""

from __future__ import annotations

import datetime as dt

from sync.snapshot import Issue, managed_block

EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def tracked_issue(
    number: int,
    resource_id: str,
    *,
    state: str = "open",
    reason: str | None = None,
    labels: tuple[str, ...] = (),
    closed: dt.datetime | None = None,
    association: str = "OWNER",
    created: dt.datetime | None = None,
    url: str | None = None,
) -> Issue:
    """An issue carrying ``resource_id``'s marker; issue numbers order creation times."""
    return Issue(
        number=number,
        title=resource_id,
        body=managed_block(resource_id, "tracked"),
        state=state,
        state_reason=reason,
        labels=labels,
        author="owner",
        author_association=association,
        created_at=created or EPOCH + dt.timedelta(minutes=number),
        closed_at=closed,
        html_url=f"https://github.com/o/r/issues/{number}" if url is None else url,
    )
