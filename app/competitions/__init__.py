"""The startup talent-search competition: competitions, tracks, rounds, entries and awards."""
