"""The comparer the shape tests rely on must itself find what differs."""

from ankommen.api.tests.shape import differences

PAGE = {"id": 1, "title": "Willkommen", "parent": {"id": 0, "url": None}, "thumbnail": None}


def test_identical_shapes_have_no_differences():
    ours = {"id": 7, "title": "Ankommen", "parent": {"id": 3, "url": "/x/"}, "thumbnail": None}
    assert differences(PAGE, ours) == []


def test_a_missing_key_is_reported():
    ours = {"id": 7, "title": "Ankommen", "parent": {"id": 3, "url": None}}
    assert differences(PAGE, ours) == ["(top): missing keys ['thumbnail']"]


def test_a_key_the_sample_lacks_is_reported():
    ours = PAGE | {"slug": "ankommen"}
    assert differences(PAGE, ours) == ["(top): keys the sample lacks ['slug']"]


def test_a_nested_type_difference_is_reported():
    ours = PAGE | {"parent": {"id": "3", "url": None}}
    assert differences(PAGE, ours) == [".parent.id: str, the sample has int"]


def test_a_boolean_is_not_an_integer():
    assert differences({"order": 2}, {"order": True}) == [".order: bool, the sample has int"]


def test_null_where_the_sample_has_a_value_is_refused_unless_declared_nullable():
    ours = PAGE | {"title": None}
    assert differences(PAGE, ours) == [".title: null, the sample has str"]
    assert differences(PAGE, ours, nullable=frozenset({".title"})) == []


def test_any_value_is_accepted_where_the_sample_is_null():
    assert differences(PAGE, PAGE | {"thumbnail": "https://example.org/a.png"}) == []


def test_list_items_are_compared_with_the_sample_items_ignoring_the_trim_marker():
    samples = [{"id": 1}, {"id": 2}, "... 4 more items trimmed"]
    assert differences(samples, [{"id": 3}, {"id": "4"}]) == [
        "(in item 1 of the list)",
        "[].id: str, the sample has int",
    ]


def test_map_values_are_compared_whatever_their_keys():
    sample = {"available_languages": {"en": {"id": 7, "path": "/a/"}}}
    ours = {"available_languages": {"ar": {"id": 9, "path": "/b/"}, "uk": {"id": 10}}}
    assert differences(sample, ours, maps=frozenset({".available_languages"})) == [
        ".available_languages{}: missing keys ['path']"
    ]


def test_a_null_in_one_sample_item_allows_null_in_ours():
    samples = [{"hours": [1]}, {"hours": None}]
    assert differences(samples, [{"hours": None}, {"hours": [2]}]) == []
