"""`make load`: locust journeys against gunicorn on PostgreSQL and Redis (see docs/load.md)."""
