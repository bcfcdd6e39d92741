from django.contrib.auth import views as auth_views
from django.urls import path

from ruggie.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("organisation/", views.switch_organisation, name="switch_organisation"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("audit/", views.audit_log, name="audit_log"),
    path("members/", views.members, name="members"),
]
