from django.urls import path

from services.appointments import views

app_name = "appointments"

urlpatterns = [
    path("", views.appointment_types, name="types"),
    path("<int:type_id>/", views.slots, name="slots"),
    path("<int:type_id>/buchen/", views.book, name="book"),
    path("verwalten/<str:token>/", views.manage, name="manage"),
    path("verwalten/<str:token>/verschieben/", views.move, name="move"),
    path("verwalten/<str:token>/absagen/", views.cancel, name="cancel"),
]
