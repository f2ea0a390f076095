"""Demo blog posts, in French: two published, one scheduled for next week, one draft."""

from ..specs import PostSpec

HEADPHONES = PostSpec(
    slug="bien-choisir-ses-ecouteurs-a-reduction-de-bruit",
    title="Bien choisir ses écouteurs à réduction de bruit",
    excerpt="Autonomie, confort, réduction de bruit active, appels : les critères qui comptent avant d'acheter.",
    tags=("high-tech", "guide d'achat", "audio"),
    status="published",
    days=-12,
    colour="#2F5D9E",
    body="""Dans le métro, en open space ou en avion, de bons écouteurs à réduction de bruit changent la vie.
Encore faut-il savoir les choisir : voici les critères que l'équipe regarde avant de référencer un modèle.

## La réduction de bruit active

La réduction de bruit **active** capte le bruit ambiant avec de petits micros et émet une onde inverse qui l'annule.
Elle est très efficace sur les bruits graves et continus (moteurs, ventilation), moins sur les voix.
Un bon modèle propose aussi un **mode transparence**, pour entendre une annonce sans retirer les écouteurs.

## L'autonomie, étui compris

Regardez deux chiffres : l'autonomie des écouteurs seuls (6 à 8 heures, c'est confortable) et celle avec l'étui
de recharge (24 à 30 heures). La recharge rapide est un vrai plus : dix minutes d'étui pour une heure d'écoute.

## Le confort avant tout

Des écouteurs qu'on ne supporte pas plus d'une heure ne servent à rien. Vérifiez que plusieurs tailles d'embouts
sont fournies et que le poids de chaque écouteur reste sous 6 grammes.

## Les appels

Si vous téléphonez beaucoup, privilégiez les modèles à **plusieurs micros** avec réduction du bruit du vent.
Le Bluetooth 5.3 assure une connexion stable et le multipoint permet de passer de l'ordinateur au téléphone.

## Notre sélection

| Critère | Ce qu'il faut viser |
|---|---|
| Autonomie avec l'étui | 24 h ou plus |
| Résistance à l'eau | IPX4 minimum |
| Bluetooth | 5.2 ou 5.3, multipoint |

Les [écouteurs Sonora](/shop/p/ecouteurs-sans-fil-a-reduction-de-bruit/) cochent toutes ces cases, et ils sont
en ce moment à prix réduit.
""",
)

AI_CREDITS = PostSpec(
    slug="credits-ia-comment-ca-marche",
    title="Crédits IA : comment ça marche ?",
    excerpt="Le studio IA de WEBOX ouvre bientôt. Voici comment fonctionneront les crédits qui le font tourner.",
    tags=("studio IA", "crédits IA", "nouveauté"),
    status="published",
    days=-3,
    colour="#6C4BD8",
    body="""Le **studio IA** de WEBOX ouvre avec la prochaine version du site. Il réunit au même endroit des outils
de conversation, d'images, d'audio, de vidéo, d'eBooks et de textes publicitaires. Pour les utiliser, une seule
monnaie : les **crédits IA**.

## Un solde, tous les outils

Vos crédits forment un solde unique, visible dans votre compte avec l'historique de chaque mouvement. Qu'il
s'agisse de discuter avec un modèle de langage, de générer une image ou de produire un eBook, chaque travail
affiche son prix en crédits **avant** de démarrer.

## Où trouver des crédits ?

Les crédits s'achètent en packs dans la boutique, du pack Découverte (100 crédits) au pack Équipe
(25 000 crédits). Ils sont ajoutés à votre compte dès que le paiement est confirmé.

## Plusieurs fournisseurs de modèles

Le studio s'appuie sur plusieurs fournisseurs : OpenAI, Anthropic, Google Gemini, Mistral, Groq pour le texte,
Stability pour l'image, ElevenLabs pour la voix, Runway et Luma pour la vidéo. Vous choisissez le modèle qui
convient à chaque tâche.

> Sans clé d'API configurée, le studio fonctionne avec un fournisseur de démonstration hors ligne, clairement
> signalé, qui renvoie des résultats factices pour que chaque outil puisse être essayé.

Rendez-vous sur la [page du studio](/studio/) pour découvrir le détail des outils.
""",
)

COCOONING = PostSpec(
    slug="5-idees-deco-pour-un-interieur-cocooning",
    title="5 idées déco pour un intérieur cocooning cet hiver",
    excerpt="Textiles doux, lumière chaude, parfum de fleur d'oranger : cinq gestes pour un intérieur accueillant.",
    tags=("maison", "déco", "cocooning"),
    status="scheduled",
    days=7,
    colour="#C98B5B",
    body="""Quand les jours raccourcissent, on a envie d'un intérieur qui enveloppe. Pas besoin de tout changer :
ces cinq idées suffisent à réchauffer une pièce.

1. **Multipliez les sources de lumière.** Une lampe de chevet, une guirlande, une bougie : trois points de lumière
   chaude (2 700 K) valent mieux qu'un plafonnier.
2. **Superposez les textiles.** Un plaid en laine sur le canapé, deux coussins en lin de couleurs voisines.
3. **Faites entrer le végétal.** Une grande plante, vraie ou artificielle, structure la pièce.
4. **Parfumez en douceur.** Un diffuseur à bâtonnets à la fleur d'oranger rappelle l'été.
5. **Rangez !** Un intérieur cocooning est d'abord un intérieur apaisé.

Retrouvez tous ces objets dans la catégorie [Maison](/shop/c/maison/).
""",
)

BEHIND_THE_SCENES = PostSpec(
    slug="coulisses-preparer-une-commande",
    title="Nos coulisses : comment nous préparons une commande",
    excerpt="De la commande au colis : une journée avec l'équipe logistique.",
    tags=("coulisses", "logistique"),
    status="draft",
    days=None,
    colour="#2E8B57",
    body="""*Brouillon : article en cours d'écriture.*

Chaque matin, l'équipe logistique reçoit la liste des commandes de la veille. Les articles sont prélevés,
vérifiés puis emballés dans des cartons recyclés.

À compléter avec les photos de l'entrepôt.
""",
)

POSTS = (HEADPHONES, AI_CREDITS, COCOONING, BEHIND_THE_SCENES)
