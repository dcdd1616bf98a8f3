"""Languages: choosing one per request, the message catalogues, alphabetical order and search
folding (collation), and locale formatting of numbers and dates."""
