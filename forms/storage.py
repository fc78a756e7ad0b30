from formtools.wizard.storage.base import BaseStorage


class DraftStorage(BaseStorage):
    """Keeps the wizard's state in the founder's Draft row instead of the session.

    The wizard view puts the draft it has checked on ``request.wizard_draft``
    before formtools builds the storage; the row is saved once per response.
    """

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.draft = request.wizard_draft
        if not self.draft.data:
            self.init_data()

    def _get_data(self):
        return self.draft.data

    def _set_data(self, value):
        self.draft.data = value

    data = property(_get_data, _set_data)

    def update_response(self, response):
        super().update_response(response)
        self.draft.save(update_fields=["data", "updated_at"])
