"""Email that is never lost: an outbox table written in the caller's transaction, then delivered."""
