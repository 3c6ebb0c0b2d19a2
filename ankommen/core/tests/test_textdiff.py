from ankommen.core.textdiff import html_text, word_diff


def test_html_is_read_as_text_one_line_per_block():
    assert html_text("<h2>Zeiten</h2><p>Mo <strong>bis</strong> Fr</p><ul><li>A</li></ul>") == (
        "Zeiten\nMo bis Fr\n• A"
    )


def test_only_the_changed_words_are_marked():
    segments = word_diff("<p>Offen montags bis 12 Uhr.</p>", "<p>Offen dienstags bis 12 Uhr.</p>")
    assert [(s.kind, s.text.strip()) for s in segments] == [
        ("same", "Offen"),
        ("removed", "montags"),
        ("added", "dienstags"),
        ("same", "bis 12 Uhr."),
    ]


def test_an_unchanged_text_has_no_difference_even_if_its_markup_changed():
    assert word_diff("<p>Gleich <em>hier</em></p>", "<p>Gleich hier</p>") == []


def test_plain_text_is_compared_as_it_is():
    segments = word_diff("a <b>", "a <c>", html=False)
    assert [s.text.strip() for s in segments if s.is_added] == ["<c>"]
