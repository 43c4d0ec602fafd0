// Onboarding applications and their documents answered from the
// organisation's sandbox data (lib/sandbox-data/sandbox-onboarding.ts): the
// state an application shows, and its decision, are judged against the
// sandbox's now.
// Security-critical: an application is found only for the app that started it.
import type { SandboxApplication } from "@/lib/sandbox-data/sandbox-onboarding";
import { addApplicationDocument, createSandboxApplication, findSandboxApplication, MAX_APPLICATION_DOCUMENTS, submitSandboxApplication } from "@/lib/sandbox-data/sandbox-onboarding";
import type { AnswerKit, Fields } from "./answer-kit";
import { SandboxProblem } from "./errors";
import type { MockedResponse } from "./mock-response";

function applicationFields(a: SandboxApplication): Fields {
  return {
    applicationId: a.applicationId,
    status: a.status,
    productCode: a.productCode,
    givenName: a.givenName,
    familyName: a.familyName,
    documents: a.documents.map((d) => ({ documentId: d.documentId, documentType: d.documentType, status: d.status })),
    identityCheck: a.checks?.identity,
    addressCheck: a.checks?.address,
    sanctionsCheck: a.checks?.sanctions,
    pepCheck: a.checks?.pep,
    createdAt: a.createdAt.toISOString(),
    submittedAt: a.submittedAt?.toISOString(),
    decidedAt: a.decidedAt?.toISOString(),
    openedAccountId: a.openedAccountId,
  };
}

const notDraft = (status: string) => new SandboxProblem("validation_failed", "application_not_draft", `The application is ${status}; only a draft can take documents or be submitted`);

export async function answerOnboarding(kit: AnswerKit): Promise<MockedResponse> {
  const { db, organisationId, binding, now } = kit;
  const scope = { db, organisationId, appId: kit.grant.appId, now };
  switch (`${binding.resource} ${binding.action}`) {
    case "applications create": {
      const application = await createSandboxApplication({
        ...scope,
        applicant: {
          givenName: kit.required("givenName"),
          familyName: kit.required("familyName"),
          dateOfBirth: kit.required("dateOfBirth"),
          nationality: kit.required("nationality"),
          email: kit.required("email"),
          mobileNumber: kit.text("mobileNumber"),
          addressLine1: kit.required("addressLine1"),
          addressLine2: kit.text("addressLine2"),
          city: kit.required("city"),
          postcode: kit.required("postcode"),
          country: kit.required("country"),
          productCode: kit.required("productCode"),
        },
      });
      return kit.send(kit.one(applicationFields(application)));
    }
    case "applications get": {
      const application = await findSandboxApplication({ ...scope, applicationId: kit.required("applicationId") });
      if (!application) throw kit.notFound("application");
      return kit.send(kit.one(applicationFields(application)));
    }
    case "applications submit": {
      const consent = kit.value("consentToChecks");
      const result = await submitSandboxApplication({ ...scope, applicationId: kit.required("applicationId"), consentToChecks: consent === true || consent === "true" });
      switch (result.outcome) {
        case "no_such_application":
          throw kit.notFound("application");
        case "not_draft":
          throw notDraft(result.status);
        case "no_documents":
          throw new SandboxProblem("validation_failed", "no_documents", "Attach at least one identity document before submitting");
        case "no_consent":
          throw kit.invalid("consentToChecks", "no_consent", "The applicant must consent to the checks", "must be true");
      }
      return kit.send(kit.one(applicationFields(result.application)));
    }
    case "documents create": {
      const result = await addApplicationDocument({
        ...scope,
        applicationId: kit.required("applicationId"),
        document: {
          documentType: kit.required("documentType"),
          issuingCountry: kit.required("issuingCountry"),
          documentNumber: kit.text("documentNumber"),
          expiryDate: kit.text("expiryDate"),
        },
      });
      switch (result.outcome) {
        case "no_such_application":
          throw kit.notFound("application");
        case "not_draft":
          throw notDraft(result.status);
        case "too_many_documents":
          throw new SandboxProblem("validation_failed", "too_many_documents", `An application carries at most ${MAX_APPLICATION_DOCUMENTS} documents`);
      }
      const d = result.document;
      return kit.send(kit.one({ documentId: d.documentId, applicationId: d.applicationId, documentType: d.documentType, issuingCountry: d.issuingCountry, status: d.status }));
    }
  }
  throw new Error(`unbound ${binding.resource} ${binding.action}`);
}
