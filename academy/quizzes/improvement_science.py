"""End-of-course assessment for Improvement Science: 12 questions, one per key idea.

Each option carries its own feedback, written to teach: why the right answer is
right, and what misunderstanding a wrong answer suggests. Sources are those of
the lessons: Langley et al. (2009), Provost & Murray (2011), Perla, Provost &
Murray (2011), Anhøj & Olesen (2014), Laney (2002), Benneyan (2001), Deming
(1986) and NHS England's Making Data Count (2019).
"""

from academy.quiz import Question

QUESTIONS = [
    Question(
        "mfi",
        "Which three questions make up the Model for Improvement?",
        {
            "a": (
                "What is the problem? Who is responsible? When will it be fixed?",
                "No: these look for blame and a deadline, not learning. The model asks about the aim, the measures and the changes.",
            ),
            "b": (
                "What are we trying to accomplish? How will we know that a change is an improvement? What change can we make that will result in improvement?",
                "Yes: aim, measures and changes, then PDSA cycles to test them (Langley et al. 2009).",
            ),
            "c": (
                "Plan, Do, Study, Act",
                "Not quite: PDSA is the engine for testing changes; the three questions come first (Langley et al. 2009).",
            ),
        },
        "b",
        "Model for Improvement",
    ),
    Question(
        "aim",
        "Which aim is specific, measurable and time-bound?",
        {
            "a": (
                "Improve sepsis care on the medical wards.",
                "No: it says neither how much nor by when.",
            ),
            "b": (
                "Reduce inpatient falls as much as possible this year.",
                "Not quite: 'as much as possible' cannot be measured against.",
            ),
            "c": (
                "By 31 March, 90% of adults with suspected sepsis on wards 3 and 4 get IV antibiotics within one hour.",
                "Yes: it names who, how much and by when.",
            ),
        },
        "c",
        "Aims",
    ),
    Question(
        "predict",
        "Why does each PDSA cycle record a prediction before the test?",
        {
            "a": (
                "So the result can be compared with it: the gap between prediction and result is where the team learns.",
                "Yes: without a prediction, the Study step has nothing to compare against (Langley et al. 2009).",
            ),
            "b": (
                "So the team can prove the change works.",
                "No: a prediction is a guess to learn from, not a claim to defend.",
            ),
            "c": (
                "Because the form has a box for it.",
                "No: the prediction is the point of the cycle, not paperwork.",
            ),
        },
        "a",
        "PDSA",
    ),
    Question(
        "ramp",
        "A change worked for one patient on one shift. What is a sensible next cycle?",
        {
            "a": (
                "Roll it out to the whole hospital next week.",
                "Too fast: one success at small scale says little about other shifts, staff and conditions.",
            ),
            "b": (
                "Test it with a few more patients, on other shifts, and predict what will differ.",
                "Yes: a ramp grows the scale and the range of conditions as confidence grows.",
            ),
            "c": (
                "Stop testing: it has been shown to work.",
                "No: one test cannot show the change works reliably.",
            ),
        },
        "b",
        "PDSA ramps",
    ),
    Question(
        "balancing",
        "A ward speeds up discharges. Which is a balancing measure?",
        {
            "a": (
                "Readmissions within 30 days.",
                "Yes: it checks whether faster discharge causes a problem elsewhere in the system.",
            ),
            "b": (
                "Median time from decision to discharge.",
                "No: that is the process measure the team is trying to change.",
            ),
            "c": (
                "Average length of stay.",
                "No: that is an outcome of the change, not a check for unintended effects.",
            ),
        },
        "a",
        "Measures",
    ),
    Question(
        "median",
        "What is the centre line of a run chart?",
        {
            "a": (
                "The mean",
                "No: the mean is pulled about by extreme values, and the run chart rules need half the points on each side.",
            ),
            "b": (
                "The target",
                "No: a target can be drawn, but the rules are judged against the median.",
            ),
            "c": ("The median", "Yes (Perla, Provost & Murray 2011)."),
        },
        "c",
        "Run charts",
    ),
    Question(
        "shift",
        "Under the IHI run chart rules, what is a shift?",
        {
            "a": (
                "6 or more points in a row all above or all below the median (points on the median skipped).",
                "Yes (Perla, Provost & Murray 2011).",
            ),
            "b": ("5 points in a row going up.", "No: that is a trend."),
            "c": (
                "Any point far from the others.",
                "No: that is an astronomical point, a matter of judgement.",
            ),
        },
        "a",
        "Run chart rules",
    ),
    Question(
        "anhoej",
        "With 24 useful points, the Anhøj rules treat a run as unusually long when it is longer than …",
        {
            "a": ("6 points", "No: round(log2(24)) + 3 = round(4.58) + 3 = 8."),
            "b": (
                "8 points",
                "Yes: round(log2(24)) + 3 = 8, so a run of 9 or more signals (Anhøj & Olesen 2014).",
            ),
            "c": (
                "12 points",
                "No: that would be half the series; the limit grows only with the logarithm of n.",
            ),
        },
        "b",
        "Run chart rules",
    ),
    Question(
        "tampering",
        "A chart shows only common-cause variation. A manager asks for an explanation of last month's high point. What does that risk?",
        {
            "a": (
                "Nothing: every high point has a cause worth finding.",
                "No: in a stable process the high point is part of the system's usual variation.",
            ),
            "b": (
                "Tampering: reacting to noise as if it were a signal, which tends to add variation.",
                "Yes: Deming's funnel experiment shows how adjusting after every result makes things worse (Deming 1986).",
            ),
            "c": (
                "It speeds up improvement.",
                "No: improving a stable process means changing the system, not explaining single points.",
            ),
        },
        "b",
        "Variation",
    ),
    Question(
        "chart_choice",
        "Each month you count falls and the occupied bed days vary. Which chart?",
        {
            "a": (
                "p chart",
                "No: a p chart is for proportions of units with or without a feature (classification data).",
            ),
            "b": (
                "u chart",
                "Yes: counts of events with an unequal area of opportunity (Provost & Murray 2011).",
            ),
            "c": ("c chart", "Close, but a c chart needs an equal area of opportunity each month."),
        },
        "b",
        "Choosing a chart",
    ),
    Question(
        "rare",
        "Hospital-onset C. difficile cases are rare. Which chart shows a change soonest?",
        {
            "a": (
                "A c chart of cases per month",
                "No: with rare events most months show 0 or 1, and the chart is slow to signal.",
            ),
            "b": (
                "A g or t chart of the gap between cases",
                "Yes: each new case adds a point, and longer gaps mean improvement (Benneyan 2001).",
            ),
            "c": (
                "A run chart of the monthly count",
                "No: same problem as the c chart: too many zeros.",
            ),
        },
        "b",
        "Rare events",
    ),
    Question(
        "laney",
        "A p chart of daily 4-hour performance flags many days, with hundreds of attendances a day. What might explain it?",
        {
            "a": (
                "Over-dispersion: with large denominators the binomial limits are too narrow; a Laney p′ chart allows for it.",
                "Yes (Laney 2002; Mohammed, Worthington & Woodall 2008).",
            ),
            "b": (
                "The department is out of control every few days.",
                "Not necessarily: first check whether the limits suit data with such large denominators.",
            ),
            "c": (
                "The data must be wrong.",
                "No: this pattern is expected with large denominators and day-to-day variation.",
            ),
        },
        "a",
        "Over-dispersion",
    ),
]
