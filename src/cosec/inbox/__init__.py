"""Each user's inbox (open actions and deadlines across mechanisms) and their Atom feeds."""
