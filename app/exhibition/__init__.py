"""The physical exhibition: halls, floor plans, booth types, applications, bookings and staff passes."""
