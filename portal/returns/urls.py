from django.contrib.auth import views as auth_views
from django.urls import path

from portal.returns import views

urlpatterns = [
    path("", views.home, name="home"),
    path("contracts/<str:contract_id>/<int:start_year>/q<int:number>/", views.edit_return, name="edit_return"),
    path("upload/", views.upload_returns, name="upload_returns"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("verify/", views.queue, name="queue"),
    path("reminders/", views.reminders, name="reminders"),
    path("verify/<int:pk>/", views.decide, name="decide"),
    path("audit/", views.audit_trail, name="audit"),
    path("sign-in/", auth_views.LoginView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("set-password/<uidb64>/<token>/", views.SetPassword.as_view(), name="set_password"),
]
