"""Demo FAQ: three headings, the same questions in French and in English."""

from ..specs import FAQCategorySpec, FAQSpec

ORDERS = FAQCategorySpec(
    slug="commandes-livraison",
    name="Commandes et livraison",
    name_en="Orders and delivery",
    fr=(
        FAQSpec(
            "delais-de-livraison",
            "Quels sont les délais de livraison ?",
            "Les commandes passées avant 14 h un jour ouvré sont expédiées le jour même ; comptez ensuite "
            "**2 à 3 jours ouvrés** en France métropolitaine.\n\nLes eBooks et les packs de crédits IA sont "
            "disponibles dès la confirmation du paiement.",
        ),
        FAQSpec(
            "suivre-ma-commande",
            "Comment suivre ma commande ?",
            "Chaque commande a sa page dans votre espace client, avec son statut et son historique. Un e-mail "
            "vous prévient à chaque étape, avec le lien de suivi du transporteur dès l'expédition.",
        ),
        FAQSpec(
            "retourner-un-article",
            "Puis-je retourner un article ?",
            "Oui : vous disposez de **14 jours** après la réception pour changer d'avis (droit de rétractation).\n\n"
            "Les contenus numériques (eBooks, crédits IA) ne sont plus remboursables une fois téléchargés ou "
            "utilisés, si vous l'avez accepté lors de la commande.",
        ),
    ),
    en=(
        FAQSpec(
            "delivery-times",
            "How long does delivery take?",
            "Orders placed before 2 pm on a working day leave our warehouse the same day; delivery then takes "
            "**2 to 3 working days** in mainland France.\n\neBooks and AI credit packs are available as soon as "
            "the payment is confirmed.",
        ),
        FAQSpec(
            "track-my-order",
            "How can I track my order?",
            "Every order has its own page in your account, with its status and history. An email tells you about "
            "each step, with the carrier's tracking link once the parcel has left.",
        ),
        FAQSpec(
            "return-an-item",
            "Can I return an item?",
            "Yes: you have **14 days** after delivery to change your mind (right of withdrawal).\n\nDigital content "
            "(eBooks, AI credits) can no longer be refunded once downloaded or used, if you agreed to this when "
            "ordering.",
        ),
    ),
)

PAYMENT = FAQCategorySpec(
    slug="paiement-credits-ia",
    name="Paiement et crédits IA",
    name_en="Payment and AI credits",
    fr=(
        FAQSpec(
            "moyens-de-paiement",
            "Quels moyens de paiement acceptez-vous ?",
            "La carte bancaire (par Stripe) et PayPal. Le paiement est sécurisé : WEBOX ne voit ni ne conserve "
            "jamais votre numéro de carte.",
        ),
        FAQSpec(
            "ou-trouver-ma-facture",
            "Où trouver ma facture ?",
            "Une facture PDF, avec la TVA détaillée, est disponible sur la page de chaque commande payée, dans "
            "votre espace client.",
        ),
        FAQSpec(
            "a-quoi-servent-les-credits-ia",
            "À quoi servent les crédits IA ?",
            "Les crédits IA paient les outils du [studio IA](/studio/) : conversations, images, audio, vidéo, "
            "eBooks et textes publicitaires. Chaque travail affiche son prix en crédits avant de démarrer, et "
            "votre solde comme son historique restent visibles dans votre compte.",
        ),
    ),
    en=(
        FAQSpec(
            "payment-methods",
            "Which payment methods do you accept?",
            "Bank cards (through Stripe) and PayPal. Payment is secure: WEBOX never sees nor stores your card number.",
        ),
        FAQSpec(
            "where-is-my-invoice",
            "Where can I find my invoice?",
            "A PDF invoice, with the VAT detailed, is available on the page of every paid order, in your account.",
        ),
        FAQSpec(
            "what-are-ai-credits-for",
            "What are AI credits for?",
            "AI credits pay for the tools of the [AI studio](/en/studio/): chat, images, audio, video, eBooks and "
            "ad copy. Each job shows its price in credits before it starts, and your balance and its history stay "
            "visible in your account.",
        ),
    ),
)

ACCOUNT = FAQCategorySpec(
    slug="compte-securite",
    name="Compte et sécurité",
    name_en="Account and security",
    fr=(
        FAQSpec(
            "creer-un-compte",
            "Comment créer un compte ?",
            "Choisissez « Créer un compte », saisissez votre adresse e-mail et un mot de passe, puis confirmez "
            "votre adresse grâce au lien reçu par e-mail.",
        ),
        FAQSpec(
            "mot-de-passe-oublie",
            "J'ai oublié mon mot de passe, que faire ?",
            "Sur la page de connexion, choisissez « Mot de passe oublié ? » : un lien de réinitialisation, valable "
            "pour une durée limitée, vous est envoyé par e-mail.",
        ),
        FAQSpec(
            "double-authentification",
            "Comment activer la double authentification ?",
            "Dans votre compte, ouvrez la section Sécurité et scannez le QR code avec une application "
            "d'authentification (TOTP). Conservez les **10 codes de secours** fournis : chacun permet une "
            "connexion si vous perdez votre téléphone.",
        ),
    ),
    en=(
        FAQSpec(
            "create-an-account",
            "How do I create an account?",
            "Choose “Sign up”, enter your email address and a password, then confirm your address with the link "
            "sent to you by email.",
        ),
        FAQSpec(
            "forgotten-password",
            "I forgot my password. What should I do?",
            "On the sign-in page, choose “Forgot your password?”: a reset link, valid for a limited time, is sent "
            "to you by email.",
        ),
        FAQSpec(
            "two-factor-authentication",
            "How do I turn on two-factor authentication?",
            "In your account, open the Security section and scan the QR code with an authenticator app (TOTP). "
            "Keep the **10 backup codes** you are given: each one lets you sign in if you lose your phone.",
        ),
    ),
)

FAQ_CATEGORIES = (ORDERS, PAYMENT, ACCOUNT)
