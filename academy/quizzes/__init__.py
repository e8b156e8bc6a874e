"""Question banks for the courses' assessments (content as data, marked by :mod:`academy.quiz`)."""
