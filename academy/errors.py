"""Errors that describe a user's mistake in one line.

A learner who passes the wrong column name or a bad file should see one clear
sentence that says what is wrong and how to fix it, never a traceback. Library
code raises :class:`InputError` for such mistakes; the command line prints its
message and exits with status 2. The message is taken from the strings table
with :func:`academy.i18n.t`, so it is in the language the learner chose
(English or Welsh); values from outside (file and column names, the operating
system's or a parser's own words) are put into it unchanged.
"""


class InputError(ValueError):
    """A mistake in the user's input, explained in one line with a fix."""
