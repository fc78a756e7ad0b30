import json
from datetime import timedelta

from django.utils import timezone
from formtools.wizard.storage.base import BaseStorage

# A draft only looked at is saved again at most this often: its `updated_at` still tells
# the upload clean-up that the founder is around, without a write on every page view.
TOUCH_INTERVAL = timedelta(minutes=5)


class DraftStorage(BaseStorage):
    """Keeps the wizard's state in the founder's Draft row instead of the session.

    The wizard view puts the draft it has checked on ``request.wizard_draft``
    before formtools builds the storage, and saves the row (``draft_save``) at most
    once per response, when ``save_needed``: not when nothing changed (see
    ``TOUCH_INTERVAL``) or the request submitted the draft (the submit has already
    emptied and saved it). A step the founder completed (``step_completed``, set by
    the view) is counted in the funnel with that save, in its transaction.
    """

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.draft = request.wizard_draft
        self.step_completed = ""
        self._loaded = self._serialised()
        if not self.draft.data:
            self.init_data()

    @classmethod
    def initial_data(cls, *, prefill: dict) -> dict:
        """A new draft's data whose steps start from ``prefill`` (see ``prefill_initial``)."""
        return {
            cls.step_key: None,
            cls.step_data_key: {},
            cls.step_files_key: {},
            cls.extra_data_key: {"prefill": prefill},
        }

    def prefill(self) -> dict:
        """What the steps start from (``{"source": …, "steps": {…}}``), or ``{}``."""
        return self.extra_data.get("prefill") or {}

    def _serialised(self) -> str:
        return json.dumps(self.draft.data, sort_keys=True)

    def _get_data(self):
        return self.draft.data

    def _set_data(self, value):
        self.draft.data = value

    data = property(_get_data, _set_data)

    def save_needed(self) -> bool:
        """Whether the draft's row is to be written at the end of this request."""
        if self.draft.case_id is not None:
            return False
        recent = self.draft.updated_at and timezone.now() - self.draft.updated_at < TOUCH_INTERVAL
        return bool(self.step_completed) or not recent or self._serialised() != self._loaded
