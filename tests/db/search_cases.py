"""Reviews to search and what a search of them must find: a brute force over every review."""

from datetime import timedelta

from db.search import ReviewFilter, terms_of

WORDS = ["Dune", "désert", "spice", "worm", "Paul", "sand", "slow", "score", "Arrakis", "film"]


def walk(repository, search, limit=7):
    """Every review listed for ``search``, page by page by cursor."""
    seen, cursor = [], None
    while True:
        page = repository.list(limit=limit, cursor=cursor, search=search)
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen, page["total"]


def brute_force(reviews, search):
    def passes(review):
        terms = terms_of(review["text"])
        label = (review.get("feedback") or {}).get("label")
        return (
            all(word in terms for word in search.words)
            and search.sentiment in (None, review["sentiment"])
            and search.labelled in (None, label is not None)
            and search.disagrees in (None, label is not None and label != review["sentiment"])
            and search.unsure in (None, review["probability"] < 2 / 3)
            and (search.since is None or review["created_at"] >= search.since)
            and (search.until is None or review["created_at"] < search.until)
        )

    matching = [r for r in reviews if passes(r)]
    return sorted(matching, key=lambda r: (r["created_at"], r["_id"]), reverse=True)


def searches(reviews):
    middle = reviews[40]["created_at"]
    return [
        ReviewFilter.of("dune"),
        ReviewFilter.of("DUNE désert"),
        ReviewFilter.of("desert"),  # accents do not matter
        ReviewFilter.of("nothing-like-this"),
        ReviewFilter(labelled=True),
        ReviewFilter(labelled=False),
        ReviewFilter(disagrees=True),
        ReviewFilter(unsure=True),
        ReviewFilter(unsure=False, sentiment="positive"),
        ReviewFilter.of("spice", labelled=True),
        ReviewFilter.of("worm", unsure=True, sentiment="negative"),
        ReviewFilter(since=middle),
        ReviewFilter(until=middle),
        ReviewFilter.of("sand", since=middle - timedelta(days=3), until=middle + timedelta(days=1)),
    ]
