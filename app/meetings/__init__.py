"""One-to-one meetings booked at stalls."""
