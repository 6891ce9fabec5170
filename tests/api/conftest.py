import pytest


@pytest.fixture
def stored(client):
    """Submit a review and return its stored JSON."""

    def submit(text="A gripping, beautiful film with a superb cast."):
        response = client.post("/api/reviews", json={"text": text})
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()

    return submit


@pytest.fixture
def review_count(database):
    """The number of stored reviews, read straight from the database."""
    return lambda: database.reviews.count_documents({})
