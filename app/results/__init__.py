"""Results of competition rounds: rankings, advancement, publication, the live final, awards, exports."""
