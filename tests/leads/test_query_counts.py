"""The inbox runs the same number of SQL statements with 3 leads as with 30."""
from tests.factories import make_lead, make_user
from tests.leads.helpers import stall_with_team


def _queries(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter["n"]


def test_inbox_query_count_does_not_grow(client, login, count_queries):
    stall = stall_with_team()
    login(stall.organisation.owner)
    for _ in range(3):
        make_lead(stall, user=make_user())
    small = _queries(client, count_queries, f"/me/stalls/{stall.id}/leads")
    for _ in range(27):
        make_lead(stall, user=make_user(), status="replied")
    large = _queries(client, count_queries, f"/me/stalls/{stall.id}/leads")
    assert large == small


def test_export_query_count_does_not_grow(client, login, count_queries):
    stall = stall_with_team()
    login(stall.organisation.owner)
    for _ in range(3):
        make_lead(stall, user=make_user())
    small = _queries(client, count_queries, f"/me/stalls/{stall.id}/leads.csv")
    for _ in range(27):
        make_lead(stall, user=make_user())
    large = _queries(client, count_queries, f"/me/stalls/{stall.id}/leads.csv")
    assert large == small
