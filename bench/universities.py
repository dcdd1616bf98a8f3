"""Universities whose degree programmes are mapped to the national standard (framework TM-SW).

Each university has a Bachelor of Social Work (and every third one a Bachelor of Social
Pedagogy) with four years of courses; most courses are mapped to a few competencies at the level
their year suggests (Introduced in year 1, Reinforced in the middle years, Mastered at the end),
some to none, so the coverage and gap reports have something to find. Coordinators are linked to
universities in turn.
"""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal

from lms.competencies.models import (
    CourseCompetency,
    DegreeProgramme,
    University,
    UniversityCoordinator,
    UniversityCourse,
)

UNIVERSITIES_TABLE = University.__table__
COORDINATORS = UniversityCoordinator.__table__
PROGRAMMES = DegreeProgramme.__table__
COURSES = UniversityCourse.__table__
MAPPINGS = CourseCompetency.__table__
TABLES = (UNIVERSITIES_TABLE, COORDINATORS, PROGRAMMES, COURSES, MAPPINGS)

NAMES = (
    ("Magtymguly Turkmen State University", "TDU"),
    ("Seýitnazar Seýdi Turkmen State Pedagogical Institute", "TDPI"),
    ("Döwletmämmet Azady Turkmen National Institute of World Languages", "TMDDI"),
    ("Myrat Garryýew State Medical University of Turkmenistan", "TDLU"),
    ("Turkmen State Institute of Economics and Management", "TDYDI"),
    ("International University for the Humanities and Development", "HIÖU"),
    ("Turkmen State Institute of Culture", "TDMI"),
    ("Oguz Han Engineering and Technology University of Turkmenistan", "OHIT"),
    ("Türkmenabat State Pedagogical Institute", "TürkDPI"),
    ("Daşoguz State Pedagogical Institute", "DDPI"),
    ("Mary State Pedagogical Institute", "MDPI"),
    ("Balkanabat State Pedagogical Institute", "BDPI"),
    ("Türkmenabat State Medical School", "TürkDLM"),
    ("Aşgabat State Institute of Social Services", "ADSHI"),
    ("Magtymguly Turkmen State University, Mary branch", "TDU-M"),
    ("Turkmen Agricultural University", "TOHU"),
    ("Turkmen State Architecture and Construction Institute", "TDBGI"),
    ("Institute of International Relations", "HGI"),
    ("Turkmen State Institute of Physical Culture and Sports", "TDBSI"),
    ("Lebap Institute of Social Work", "LSII"),
)
# code, title, ECTS, year, semester
SOCIAL_WORK = (
    ("SW101", "Introduction to Social Work", "6", 1, 1),
    ("SW102", "Human Development and Behaviour", "5", 1, 1),
    ("SW103", "Sociology for Social Work", "5", 1, 1),
    ("SW104", "Social Work Ethics and Values", "5", 1, 2),
    ("SW105", "Psychology for Social Workers", "5", 1, 2),
    ("SW106", "Law and Social Protection", "4", 1, 2),
    ("SW201", "Communication and Interviewing", "6", 2, 1),
    ("SW202", "Social Policy of Turkmenistan", "5", 2, 1),
    ("SW203", "Assessment in Social Work Practice", "6", 2, 1),
    ("SW204", "Research Methods in Social Work", "5", 2, 2),
    ("SW205", "Working with Families", "5", 2, 2),
    ("SW206", "Health and Social Care", "4", 2, 2),
    ("SW301", "Case Management", "6", 3, 1),
    ("SW302", "Child and Family Social Work", "6", 3, 1),
    ("SW303", "Disability and Inclusion", "5", 3, 1),
    ("SW304", "Community Work and Development", "5", 3, 2),
    ("SW305", "Field Practicum I", "10", 3, 2),
    ("SW306", "Work with Older Persons", "4", 3, 2),
    ("SW401", "Field Practicum II", "15", 4, 1),
    ("SW402", "Psychosocial Support and Crisis Intervention", "5", 4, 1),
    ("SW403", "Supervision and Professional Development", "4", 4, 2),
    ("SW404", "Graduation Project", "10", 4, 2),
)
SOCIAL_PEDAGOGY = (
    ("SP101", "Foundations of Social Pedagogy", "6", 1, 1),
    ("SP102", "Developmental Psychology", "5", 1, 2),
    ("SP201", "Working with Families", "5", 2, 1),
    ("SP202", "Inclusive Education", "5", 2, 2),
    ("SP301", "School Social Work", "6", 3, 1),
    ("SP302", "Field Practicum", "10", 3, 2),
    ("SP401", "Child Protection in Schools", "5", 4, 1),
)
LEVELS_BY_YEAR = {1: "II", 2: "IR", 3: "RRM", 4: "MM"}


def university_rows(count: int, competency_ids: dict[str, int], framework_id: int, **context):
    """(table, row) pairs for ``count`` universities (at most the 20 names above)."""
    coordinators: list[int] = context["coordinators"]
    rng: random.Random = context["rng"]
    now: datetime = context["now"]
    codes = sorted(competency_ids)
    programme_id = course_id = 0
    for number, (name, short_code) in enumerate(NAMES[:count], start=1):
        yield (
            UNIVERSITIES_TABLE,
            {
                "id": number,
                "name": name,
                "short_code": short_code,
                "created_at": now,
            },
        )
        degrees = [("Bachelor of Social Work", SOCIAL_WORK)]
        if number % 3 == 0:
            degrees.append(("Bachelor of Social Pedagogy", SOCIAL_PEDAGOGY))
        for degree, courses in degrees:
            programme_id += 1
            yield (
                PROGRAMMES,
                {
                    "id": programme_id,
                    "university_id": number,
                    "name": degree,
                    "framework_id": framework_id,
                    "created_at": now,
                },
            )
            for code, title, ects, year, semester in courses:
                course_id += 1
                yield (
                    COURSES,
                    {
                        "id": course_id,
                        "programme_id": programme_id,
                        "code": code,
                        "title": title,
                        "ects": Decimal(ects),
                        "year": year,
                        "semester": semester,
                    },
                )
                for competency in rng.sample(codes, rng.choice((0, 2, 3, 3, 4, 5))):
                    yield (
                        MAPPINGS,
                        {
                            "course_id": course_id,
                            "competency_id": competency_ids[competency],
                            "level": rng.choice(LEVELS_BY_YEAR[year]),
                        },
                    )
    for index, user_id in enumerate(coordinators):
        if count:
            yield COORDINATORS, {"user_id": user_id, "university_id": index % count + 1}
