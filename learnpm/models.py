"""Import every feature's models, so the metadata (and Alembic) sees all tables."""

from learnpm.auth.models import User
from learnpm.documents.issued_files import PreparedDocument
from learnpm.documents.models import IssuedDocument
from learnpm.experience.models import AcademicRecord, Certification, Course, HoursEntry, PduRecord, Project, Upload
from learnpm.jobs.models import ScheduledRun
from learnpm.mail.models import OutgoingMail
from learnpm.mentoring.models import Invitation, MentorLink, MentorSettings
from learnpm.notifications.models import Notification, NotificationSettings
from learnpm.reviews.models import Review, ReviewFeedback, ReviewRevision
from learnpm.scenarios.models import Play, PlayDecision, WriteAnswer
from learnpm.verification.models import AuditEvent, VerificationRequest

__all__ = [
    "AcademicRecord", "AuditEvent", "Review", "ReviewFeedback", "ReviewRevision", "VerificationRequest", "Certification", "Course", "HoursEntry", "Invitation", "IssuedDocument", "MentorLink", "MentorSettings", "Notification", "NotificationSettings", "OutgoingMail", "PduRecord", "Play", "PlayDecision", "PreparedDocument", "Project",
    "ScheduledRun", "Upload", "User", "WriteAnswer",
]
