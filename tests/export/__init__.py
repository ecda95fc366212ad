"""ozwb export and refresh end to end, and the confirmed choices they carry between them."""
