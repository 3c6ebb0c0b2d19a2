"""ankommen: an open-source platform for a German district's integration work."""
