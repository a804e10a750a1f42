"""Pure domain layer: job ids, records, the API client, the polling policy, the store, credentials. No Qt."""
