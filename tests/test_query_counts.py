"""List pages run a bounded number of SQL statements, however much data there is (no N+1)."""
import pytest

from app.accounts.models import Role
from tests.factories import make_organisation, make_province, make_user


def _page_queries(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter["n"]


@pytest.mark.parametrize("url", ["/teams/", "/teams/?q=khoi+nghiep", "/admin/users/", "/admin/outbox/"])
def test_list_page_query_count_does_not_grow_with_data(client, login, count_queries, url):
    admin = login(make_user(roles=(Role.ADMIN,)))
    province = make_province()
    make_organisation(admin, name="Khởi nghiệp 0", province=province)
    small = _page_queries(client, count_queries, url)
    for number in range(1, 30):
        owner = make_user(roles=(Role.JUDGE, Role.EXHIBITOR))
        make_organisation(owner, name=f"Khởi nghiệp {number}", province=province, members=(make_user(),))
    large = _page_queries(client, count_queries, url)
    assert large == small
