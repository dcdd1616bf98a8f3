"""Certificates: eligibility, issuing, signed PDFs, public verification, revocation, the National
Pool of Educators and Open Badges 3.0."""
