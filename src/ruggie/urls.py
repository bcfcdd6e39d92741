from django.contrib import admin
from django.urls import include, path

from ruggie.api import api
from ruggie.assessments import views as assessment_views
from ruggie.grievance import hooks as grievance_hooks
from ruggie.grievance import public_views as grievance_public
from ruggie.steps import views as steps
from ruggie.surveys import public_views as survey_public

urlpatterns = [
    path("", steps.home, name="home"),
    path("steps/<slug:slug>/", steps.step, name="step"),
    path("accounts/", include("ruggie.accounts.urls")),
    path("register/", include("ruggie.register.urls")),
    path("findings/", include("ruggie.findings.urls")),
    path("risk/", include("ruggie.risk.urls")),
    path("screening/", include("ruggie.screening.urls")),
    path("surveys/", include("ruggie.surveys.urls")),
    path("assessments/", include("ruggie.assessments.urls")),
    path("grievance/", include("ruggie.grievance.urls")),
    path("investors/", include("ruggie.investors.urls")),
    path("laws/", include("ruggie.laws.urls")),
    path("reports/", include("ruggie.reports.urls")),
    path("learn/", include("ruggie.learning.urls")),
    # The supplier's answer page, reached by the signed link in the buyer's request.
    path("a/<str:token>/", assessment_views.answer, name="assessment_answer"),
    # The worker-facing survey: short, public links (printed on posters as QR codes).
    path("s/<str:token>/", survey_public.survey, name="survey_public"),
    path("s/<str:token>/thanks/", survey_public.thanks, name="survey_thanks"),
    path("s/<str:token>/results/", survey_public.results, name="survey_results"),
    # The reporter's pages: a channel's public link (no login, no cookie, no IP kept).
    path("g/<str:token>/", grievance_public.report, name="grievance_report"),
    path("g/<str:token>/case/", grievance_public.follow_up, name="grievance_follow_up"),
    path("hooks/grievance/<str:token>/json/", grievance_hooks.inbound_json, name="grievance_hook_json"),
    path("hooks/grievance/<str:token>/twilio/", grievance_hooks.inbound_twilio, name="grievance_hook_twilio"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
