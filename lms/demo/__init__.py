"""The demo data, assembled from each domain's demo module."""
