"""Festival editions: venues and rooms, villages, speakers and the agenda of sessions."""
