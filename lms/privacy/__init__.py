"""One person's data: its export for a data-protection request, and the erasure of a departed
trainee (docs/privacy.md). Above every domain: it reads and changes tables of all of them."""
