"""Pure energy and household maths: no database, no web. Reference values come in as arguments."""
