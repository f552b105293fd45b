"""page_findings: a page sorted and counted in the database, the same findings as the list."""

from __future__ import annotations

import pytest

from cosec import deployment as deployment_service
from cosec.compliance.listing import page_findings
from cosec.compliance.service import list_findings
from cosec.errors import InvalidInput
from cosec.principals import PUBLIC, Principal, Role
from tests.api.support import Api

SEC = Principal(id=None, name="sec", role=Role.SECRETARIAT)


def test_pages_cover_the_list_once_in_its_order(api: Api) -> None:
    for n in range(3):
        api.notify("CHN", start=5 + n, designation=f"Drill {n}")
    with api.world.session(write=False) as s:
        d = deployment_service.load(s)
        everything = [v.row.id for v in list_findings(s, deployment=d, principal=SEC)]
        pages = [
            page_findings(s, deployment=d, principal=SEC, limit=2, offset=offset)
            for offset in range(0, len(everything), 2)
        ]
        assert {p.total for p in pages} == {len(everything)}
        assert [v.row.id for p in pages for v in p.views] == everything
        by_id = page_findings(s, deployment=d, principal=SEC, sort="id", limit=None)
        assert [v.row.id for v in by_id.views] == sorted(everything)
        chn = page_findings(s, deployment=d, principal=SEC, member="CHN", limit=None)
        assert chn.views
        assert all("CHN" in v.members for v in chn.views)
        assert page_findings(s, deployment=d, principal=PUBLIC).total == 0
        with pytest.raises(InvalidInput, match="sort: must be one of"):
            page_findings(s, deployment=d, principal=SEC, sort="colour")
