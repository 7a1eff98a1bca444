from transforms.clean import DuplicateIndex, clean_article, normalise


def test_boilerplate_of_each_kind_is_removed_and_recorded():
    body = "\n\n".join([
        "Jane Roe and Max Poe were seen together.",
        "Related: Jane Roe's Complete Dating History Jane dated Tom Loe for years before […]",
        "RELATED: Another teaser here",
        "[Images via Jane Roe/Instagram & MEGA/WENN]",
        "What do you think of these two, readers? Let us know in the comments below!",
        "For more, watch the video above and pick up the new issue of Us Weekly, on newsstands now.",
        "View this post on Instagram",
        "A post shared by Jane Roe (@janeroe) on Mar 3, 2024 at 10:15am PST",
        "[Master of horror fiction Stephen Kling says 'Trump presidency scares me to death']",
        "Reporting by Nicki Gostman.",
        "- Continue the conversation with Matt Yount on Facebook or Twitter.",
        "Roe, 31, smiled.",
    ])
    cleaned = clean_article("Jane Roe is dating", body)
    assert cleaned.clean_text == "Jane Roe is dating\n\nJane Roe and Max Poe were seen together.\n\nRoe, 31, smiled."
    assert [r.kind for r in cleaned.removed] == ["teaser", "teaser", "credit", "callout", "promo", "embed", "embed",
                                                 "teaser", "credit", "promo"]
    assert cleaned.body_start == len("Jane Roe is dating\n\n")


def test_normalise_quotes_whitespace_and_mojibake():
    assert normalise("\u201cHi,\u201d she said\u2019s  \t ok") == '"Hi," she said\'s ok'
    assert normalise("Beyonc\u00c3\u00a9 and caf\u00c3\u00a9") == "Beyonc\u00e9 and caf\u00e9"
    assert normalise("a\n\n\n\nb") == "a\n\nb"


def test_exact_and_near_duplicates_point_to_first_copy():
    story = ("Jane Roe and Max Poe were spotted at dinner in New York City on Thursday night, "
             "a source says, adding that the pair left together in the same car after the meal and "
             "were later seen walking arm in arm through the streets of the West Village before heading home")
    first = clean_article("Title", story)
    exact = clean_article("Other title", story.replace("  ", " "))
    edited = clean_article("Title", story.replace("Thursday night", "Thursday evening").replace("says", "said"))
    other = clean_article("Title", "Completely different story about a film premiere and a red carpet " * 5)
    index = DuplicateIndex()
    index.add("a1", first.body_hash, first.minhash)
    assert index.find(exact.body_hash, exact.minhash) == "a1"
    assert index.find(edited.body_hash, edited.minhash) == "a1"
    assert index.find(other.body_hash, other.minhash) is None
