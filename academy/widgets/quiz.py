"""A quiz in JupyterLab: one set of radio buttons per question and a "Mark" button.

Marking is done by :func:`academy.quiz.score`; this module only lays out the
controls and shows the feedback. Each question's text comes right before its
radio buttons (ipywidgets does not tie the group to its label), and the score
is announced to screen readers when the answers are marked.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets
from IPython.display import Markdown

from academy.i18n import t
from academy.quiz import Question, QuizResult, score
from academy.widgets._access import live, tool


class QuizApp:
    """Radio buttons for each question, a Mark button, and feedback per question."""

    def __init__(self, questions: Sequence[Question]) -> None:
        self.questions = list(questions)
        self.choices = {
            q.id: widgets.RadioButtons(
                options=[(f"{key}. {text}", key) for key, (text, _) in q.options.items()],
                value=None,
                description=t("quiz.question", number=i),
                style={"description_width": "initial"},
                layout=widgets.Layout(width="auto"),
            )
            for i, q in enumerate(self.questions, start=1)
        }
        self.mark_button = widgets.Button(
            description=t("quiz.mark"), tooltip=t("quiz.mark_tooltip"), button_style="primary"
        )
        self.status = widgets.HTML()
        self.output = widgets.Output()
        self.mark_button.on_click(lambda _: self.mark())
        rows = []
        for q in self.questions:
            rows += [widgets.HTML(f"<p><strong>{q.text}</strong></p>"), self.choices[q.id]]
        self.widget = tool([*rows, self.mark_button, self.status, self.output])

    def answers(self) -> dict[str, str | None]:
        return {qid: control.value for qid, control in self.choices.items()}

    def mark(self) -> QuizResult:
        result = score(self.questions, {k: v for k, v in self.answers().items() if v})
        self.status.value = live(f"<p><strong>{html.escape(str(result))}</strong></p>")
        lines = []
        for i, q in enumerate(self.questions, start=1):
            lines.append(f"{i}. {result.feedback[q.id]._repr_markdown_()}")
        # Set the outputs directly (not `with output:`), which works with or without a kernel.
        self.output.outputs = ()
        self.output.append_display_data(Markdown("\n".join(lines)))
        return result

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
