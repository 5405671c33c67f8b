"""The interview questions shipped with pairdesk, from which each vault's question bank
starts (``services/coaching.ensure_question_bank`` inserts them, translated, once).

``text`` and ``advice`` are English source strings marked for the catalogue; a vault keeps
the translation of the language it was filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

from pairdesk.domain.enums import QuestionCategory
from pairdesk.i18n import N_


@dataclass(frozen=True, slots=True)
class BuiltinQuestion:
    """A question shipped with pairdesk; ``text`` and ``advice`` are English source strings."""

    key: str
    category: QuestionCategory
    text: str
    advice: str


BUILTIN_QUESTIONS: tuple[BuiltinQuestion, ...] = (
    BuiltinQuestion(
        "introduce_yourself",
        QuestionCategory.CLASSIC,
        N_("Tell me about yourself."),
        N_(
            "Two minutes are enough: what you have done, what you can do, what you are "
            "looking for. You choose what you share about your private life and your health."
        ),
    ),
    BuiltinQuestion(
        "why_this_job",
        QuestionCategory.MOTIVATION,
        N_("Why do you want this job?"),
        N_(
            "Link what you like doing to what the job asks. A concrete memory "
            "(a placement, volunteering, a hobby) says more than general words."
        ),
    ),
    BuiltinQuestion(
        "why_us",
        QuestionCategory.MOTIVATION,
        N_("Why did you apply to our organisation?"),
        N_(
            "Say one or two things you learned about the employer: what they do, their "
            "values, their place. Preparing this in advance is reassuring."
        ),
    ),
    BuiltinQuestion(
        "strengths",
        QuestionCategory.CLASSIC,
        N_("What are your strengths?"),
        N_(
            "Pick two or three qualities and give an example for each. Skills learned "
            "through your own experience, such as listening or perseverance, count too."
        ),
    ),
    BuiltinQuestion(
        "weaknesses",
        QuestionCategory.CLASSIC,
        N_("What are your weaknesses?"),
        N_(
            "Name a real point you are working on and what you do about it. There is no "
            "need to reveal anything about your health to answer."
        ),
    ),
    BuiltinQuestion(
        "cv_gap",
        QuestionCategory.PATHWAY_GAP,
        N_("Tell me about this gap in your CV."),
        N_(
            "A short, calm answer is enough, such as “I took time to look after myself "
            "and I am ready now”, then move on to what you did or learned during that time. "
            "You do not have to give medical details."
        ),
    ),
    BuiltinQuestion(
        "disclosure_rqth",
        QuestionCategory.DISCLOSURE,
        N_("Should I mention my RQTH or my disability, and how?"),
        N_(
            "Disclosure is a personal choice and never compulsory: the employer may not "
            "ask about your health. If you choose to talk about it, you can mention the "
            "RQTH only, without naming an illness, and link it to what helps you work well. "
            "You can also decide later, once hired, or never."
        ),
    ),
    BuiltinQuestion(
        "accommodations",
        QuestionCategory.DISCLOSURE,
        N_("What accommodations would help you in this job?"),
        N_(
            "Only if you have chosen to talk about it. Describe practical arrangements "
            "(hours, a quiet space, written instructions, regular check-ins) rather than a "
            "diagnosis. Cap Emploi or the supported-employment service can help the employer."
        ),
    ),
    BuiltinQuestion(
        "difficult_situation",
        QuestionCategory.SITUATION,
        N_("Tell me about a difficult situation you handled."),
        N_(
            "Describe the situation, what you did and the result. An example from "
            "volunteering, the association or daily life is just as valid."
        ),
    ),
    BuiltinQuestion(
        "stress",
        QuestionCategory.SITUATION,
        N_("How do you handle stress?"),
        N_(
            "Give the concrete ways that work for you: organising your tasks, taking a "
            "short break, asking for help. Knowing your limits is a strength."
        ),
    ),
    BuiltinQuestion(
        "volunteering",
        QuestionCategory.PATHWAY_GAP,
        N_("What did you learn from your volunteering or your role at the GEM?"),
        N_(
            "Running an activity, welcoming newcomers, keeping accounts, taking part in "
            "meetings: these are real skills. Say what you did and how often."
        ),
    ),
    BuiltinQuestion(
        "teamwork",
        QuestionCategory.SITUATION,
        N_("How do you work in a team?"),
        N_(
            "One example of working with others is enough: what you brought and how you "
            "dealt with a disagreement, if there was one."
        ),
    ),
    BuiltinQuestion(
        "availability",
        QuestionCategory.CLASSIC,
        N_("When are you available, and what hours would suit you?"),
        N_(
            "Be honest about the hours that suit you: a part-time start is common and can "
            "grow later. Prepare your answer about transport and your start date."
        ),
    ),
    BuiltinQuestion(
        "five_years",
        QuestionCategory.MOTIVATION,
        N_("Where do you see yourself in a few years?"),
        N_(
            "Share a realistic wish linked to the job: learning, taking on more "
            "responsibility, a training course. There is no wrong answer."
        ),
    ),
    BuiltinQuestion(
        "questions_for_employer",
        QuestionCategory.OTHER,
        N_("Do you have any questions for us?"),
        N_(
            "Prepare two questions: how the team is organised, how a typical day goes, how "
            "new staff are welcomed. Asking questions shows your interest."
        ),
    ),
)
