"""The versioned JSON API (/api/v1/), its OpenAPI description and personal access tokens."""
